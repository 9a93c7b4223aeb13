<?php
/**
 * Deleting the plugin deletes its options, on every site of a network.
 *
 * @package VolunteerWidget
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

/**
 * Deletes the options of the current site.
 */
function volunteer_widget_delete_options() {
	delete_option( 'volunteer_widget_server_url' );
	delete_option( 'volunteer_widget_key' );
}

if ( is_multisite() ) {
	foreach ( get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) as $volunteer_widget_site ) {
		switch_to_blog( $volunteer_widget_site );
		volunteer_widget_delete_options();
		restore_current_blog();
	}
} else {
	volunteer_widget_delete_options();
}
