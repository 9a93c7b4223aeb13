<?php
/**
 * The widget's options and the checks on them, shared by the settings page, the shortcode
 * and the block: one place decides what a valid server URL, key or widget option is.
 *
 * @package VolunteerWidget
 */

defined( 'ABSPATH' ) || exit;

/**
 * The task categories the server knows, in its own spelling.
 *
 * @return string[]
 */
function volunteer_widget_categories() {
	return array(
		'web_design',
		'data_entry',
		'social_media',
		'app_development',
		'volunteer_coordination',
		'writing',
		'graphic_design',
		'marketing',
		'video',
		'expert_advice',
		'translation',
		'research',
		'other',
	);
}

/**
 * The widget's options (the snippet's data-* attributes) and the values each accepts:
 * a list of choices, or the name of a check.
 *
 * @return array<string, string[]|string>
 */
function volunteer_widget_option_types() {
	return array(
		'key'      => 'key',
		'locale'   => array( 'ar', 'en', 'fr' ),
		'category' => volunteer_widget_categories(),
		'skills'   => 'text',
		'limit'    => 'limit',
		'layout'   => array( 'list', 'grid', 'compact' ),
		'theme'    => array( 'light', 'dark', 'auto' ),
		'accent'   => 'color',
		'signup'   => array( 'modal', 'inline' ),
		// The level of the task headings; without it they follow the page's outline.
		'heading-level' => array( '1', '2', '3', '4', '5', '6' ),
	);
}

/**
 * A server URL as saved (http or https, a host, no query, no trailing slash), or '' when
 * the value is not one.
 *
 * @param mixed $value What was typed.
 * @return string
 */
function volunteer_widget_clean_server_url( $value ) {
	$value = trim( (string) $value );
	$parts = wp_parse_url( $value );
	if ( ! is_array( $parts ) || empty( $parts['host'] ) || empty( $parts['scheme'] ) ) {
		return '';
	}
	if ( ! in_array( strtolower( $parts['scheme'] ), array( 'http', 'https' ), true ) ) {
		return '';
	}
	if ( isset( $parts['user'] ) || isset( $parts['pass'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] ) ) {
		return '';
	}
	if ( ! preg_match( '/^[A-Za-z0-9.\-]+$|^\[[0-9A-Fa-f:.]+\]$/', $parts['host'] ) ) {
		return '';
	}
	return untrailingslashit( esc_url_raw( $value, array( 'http', 'https' ) ) );
}

/**
 * Whether a value looks like a publishable key: "vw_pk_" and at least 128 bits of base62.
 *
 * @param mixed $value What was typed.
 * @return bool
 */
function volunteer_widget_is_publishable_key( $value ) {
	return is_string( $value ) && 1 === preg_match( '/^vw_pk_[0-9A-Za-z]{22,64}$/', $value );
}

/**
 * Whether a value is a CSS colour the widget can take as its accent: hex, rgb()/hsl() or a
 * colour name. Nothing else gets through, so it cannot carry other CSS.
 *
 * @param string $value The colour.
 * @return bool
 */
function volunteer_widget_is_color( $value ) {
	return 1 === preg_match(
		'/^(#[0-9A-Fa-f]{3,4}|#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{8}|[A-Za-z]{3,20}|(rgb|rgba|hsl|hsla)\([0-9.,%\s\/a-z]{1,60}\))$/',
		$value
	);
}

/**
 * One option's value as the widget accepts it, or null when it is invalid (then dropped).
 *
 * @param string $name  The option's name.
 * @param mixed  $value Its value as given.
 * @return string|null
 */
function volunteer_widget_clean_option( $name, $value ) {
	$types = volunteer_widget_option_types();
	if ( ! isset( $types[ $name ] ) || ! is_scalar( $value ) ) {
		return null;
	}
	$type  = $types[ $name ];
	$value = trim( (string) $value );
	if ( '' === $value ) {
		return null;
	}
	if ( is_array( $type ) ) {
		$value = strtolower( $value );
		if ( 'locale' === $name ) {
			// "ar_EG", "fr-FR": the widget speaks the language, whatever the region.
			$value = preg_split( '/[-_]/', $value )[0];
		}
		return in_array( $value, $type, true ) ? $value : null;
	}
	switch ( $type ) {
		case 'key':
			return volunteer_widget_is_publishable_key( $value ) ? $value : null;
		case 'limit':
			return ( ctype_digit( $value ) && (int) $value >= 1 && (int) $value <= 100 ) ? (string) (int) $value : null;
		case 'color':
			return volunteer_widget_is_color( $value ) ? $value : null;
		default:
			$value = sanitize_text_field( $value );
			return ( '' === $value || strlen( $value ) > 200 ) ? null : $value;
	}
}

/**
 * The widget's data-* values from shortcode or block attributes: unknown names and
 * invalid values are dropped; the key falls back to the saved one.
 *
 * @param array $attributes Attributes as given.
 * @return array<string, string>
 */
function volunteer_widget_clean_options( $attributes ) {
	$options = array();
	foreach ( array_keys( volunteer_widget_option_types() ) as $name ) {
		if ( isset( $attributes[ $name ] ) ) {
			$value = volunteer_widget_clean_option( $name, $attributes[ $name ] );
			if ( null !== $value ) {
				$options[ $name ] = $value;
			}
		}
	}
	if ( empty( $options['key'] ) ) {
		$key = get_option( 'volunteer_widget_key', '' );
		if ( volunteer_widget_is_publishable_key( $key ) ) {
			$options = array( 'key' => $key ) + $options;
		}
	}
	return $options;
}
