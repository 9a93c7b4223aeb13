<?php
/**
 * The Volunteer tasks block: block.json, a dependency-free editor script, and the
 * shortcode's render function on the server.
 *
 * @package VolunteerWidget
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers the editor script (with its translations) and the block.
 */
function volunteer_widget_register_block() {
	wp_register_script(
		'volunteer-widget-block-editor',
		VOLUNTEER_WIDGET_URL . 'block/editor.js',
		array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-i18n' ),
		VOLUNTEER_WIDGET_VERSION,
		true
	);
	wp_set_script_translations( 'volunteer-widget-block-editor', 'volunteer-widget', VOLUNTEER_WIDGET_DIR . 'languages' );
	wp_add_inline_script(
		'volunteer-widget-block-editor',
		'window.volunteerWidgetCategories = ' . wp_json_encode( volunteer_widget_categories() ) . ';',
		'before'
	);
	register_block_type(
		VOLUNTEER_WIDGET_DIR . 'block',
		array( 'render_callback' => 'volunteer_widget_render' )
	);
}
