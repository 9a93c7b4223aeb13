<?php
/**
 * The widget's placeholder, rendered the same way for the shortcode and the block, and the
 * widget script it needs, loaded async from the server.
 *
 * @package VolunteerWidget
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers the server's widget.js (it is enqueued only on pages that show the widget).
 */
function volunteer_widget_register_script() {
	$server = volunteer_widget_clean_server_url( get_option( 'volunteer_widget_server_url', '' ) );
	if ( '' === $server ) {
		return;
	}
	// No version query: widget.js has a stable URL with its own short cache and ETag.
	wp_register_script(
		'volunteer-widget',
		$server . '/embed/v1/widget.js',
		array(),
		null, // phpcs:ignore WordPress.WP.EnqueuedResourceParameters.MissingVersion
		array(
			'strategy'  => 'async',
			'in_footer' => true,
		)
	);
}

/**
 * Adds async to the widget's script tag where WordPress does not (before 6.3, which
 * reads the array above as just "in the footer").
 *
 * @param string $tag    The script tag.
 * @param string $handle The script's handle.
 * @return string
 */
function volunteer_widget_async_tag( $tag, $handle ) {
	if ( 'volunteer-widget' !== $handle || preg_match( '/<script[^>]*\sasync[\s>=]/', $tag ) ) {
		return $tag;
	}
	return preg_replace( '/<script\s/', '<script async ', $tag, 1 );
}

/**
 * The placeholder the widget mounts on: [volunteer_tasks] and the block both render it.
 *
 * @param array $attributes Options as given (shortcode or block attributes).
 * @return string HTML.
 */
function volunteer_widget_render( $attributes ) {
	$server  = volunteer_widget_clean_server_url( get_option( 'volunteer_widget_server_url', '' ) );
	$options = volunteer_widget_clean_options( is_array( $attributes ) ? $attributes : array() );
	if ( '' === $server || empty( $options['key'] ) ) {
		if ( current_user_can( 'manage_options' ) ) {
			return '<p class="volunteer-widget-notice">' . esc_html__( 'Volunteer tasks will show here once the server URL and publishable key are set in Settings → Volunteer tasks.', 'volunteer-widget' ) . '</p>';
		}
		return '';
	}
	wp_enqueue_script( 'volunteer-widget' );

	$html = '<div data-volunteer-tasks';
	foreach ( $options as $name => $value ) {
		$html .= ' data-' . $name . '="' . esc_attr( $value ) . '"';
	}
	$board = add_query_arg(
		array_map(
			'rawurlencode',
			array_filter(
				array(
					'key'    => $options['key'],
					'locale' => isset( $options['locale'] ) ? $options['locale'] : '',
				)
			)
		),
		$server . '/embed/v1/board'
	);
	$html .= '><noscript><a href="' . esc_url( $board ) . '">' . esc_html__( 'See our volunteer tasks', 'volunteer-widget' ) . '</a></noscript></div>';
	return $html;
}

/**
 * [volunteer_tasks locale="ar" category="translation" layout="grid" …]
 *
 * @param array|string $attributes The shortcode's attributes ('' when it has none).
 * @return string HTML.
 */
function volunteer_widget_shortcode( $attributes ) {
	$defaults = array_fill_keys( array_keys( volunteer_widget_option_types() ), '' );
	return volunteer_widget_render( shortcode_atts( $defaults, (array) $attributes, 'volunteer_tasks' ) );
}
