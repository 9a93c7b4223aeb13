<?php
/**
 * Plugin Name:       Volunteer Widget
 * Description:       Lists your organization's remote volunteer tasks from a Volunteer Widget Server, with sign-ups, through a shortcode or a block.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            Volunteer Widget Server contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       volunteer-widget
 * Domain Path:       /languages
 *
 * @package VolunteerWidget
 */

defined( 'ABSPATH' ) || exit;

define( 'VOLUNTEER_WIDGET_VERSION', '0.1.0' );
define( 'VOLUNTEER_WIDGET_DIR', plugin_dir_path( __FILE__ ) );
define( 'VOLUNTEER_WIDGET_URL', plugin_dir_url( __FILE__ ) );

require_once VOLUNTEER_WIDGET_DIR . 'includes/options.php';
require_once VOLUNTEER_WIDGET_DIR . 'includes/settings.php';
require_once VOLUNTEER_WIDGET_DIR . 'includes/render.php';
require_once VOLUNTEER_WIDGET_DIR . 'includes/block.php';

/**
 * Loads the plugin's translations (Arabic and French ship with it).
 */
function volunteer_widget_load_textdomain() {
	load_plugin_textdomain( 'volunteer-widget', false, dirname( plugin_basename( __FILE__ ) ) . '/languages' );
}
add_action( 'init', 'volunteer_widget_load_textdomain', 5 );

add_action( 'init', 'volunteer_widget_register_script' );
add_action( 'init', 'volunteer_widget_register_block' );
add_action( 'admin_init', 'volunteer_widget_register_settings' );
add_action( 'admin_menu', 'volunteer_widget_add_settings_page' );
add_filter( 'script_loader_tag', 'volunteer_widget_async_tag', 10, 2 );
add_shortcode( 'volunteer_tasks', 'volunteer_widget_shortcode' );
add_filter(
	'plugin_action_links_' . plugin_basename( __FILE__ ),
	'volunteer_widget_action_links'
);
