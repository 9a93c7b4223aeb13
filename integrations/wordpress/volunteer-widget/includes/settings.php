<?php
/**
 * The settings page (Settings → Volunteer tasks): the server's URL and the publishable key,
 * saved through the Settings API (its nonce and the manage_options capability).
 *
 * @package VolunteerWidget
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers the two options, their checks and the page's fields.
 */
function volunteer_widget_register_settings() {
	register_setting(
		'volunteer_widget',
		'volunteer_widget_server_url',
		array(
			'type'              => 'string',
			'default'           => '',
			'sanitize_callback' => 'volunteer_widget_sanitize_server_url',
		)
	);
	register_setting(
		'volunteer_widget',
		'volunteer_widget_key',
		array(
			'type'              => 'string',
			'default'           => '',
			'sanitize_callback' => 'volunteer_widget_sanitize_key',
		)
	);
	add_settings_section( 'volunteer_widget_server', __( 'Your widget server', 'volunteer-widget' ), 'volunteer_widget_section_intro', 'volunteer-widget' );
	add_settings_field(
		'volunteer_widget_server_url',
		__( 'Server URL', 'volunteer-widget' ),
		'volunteer_widget_server_url_field',
		'volunteer-widget',
		'volunteer_widget_server',
		array( 'label_for' => 'volunteer_widget_server_url' )
	);
	add_settings_field(
		'volunteer_widget_key',
		__( 'Publishable key', 'volunteer-widget' ),
		'volunteer_widget_key_field',
		'volunteer-widget',
		'volunteer_widget_server',
		array( 'label_for' => 'volunteer_widget_key' )
	);
}

/**
 * Refuses a value with a message shown once on the page, keeping the saved value.
 *
 * WordPress runs a sanitize callback twice when an option is saved for the first time,
 * hence the check for the same message already added.
 *
 * @param string $option  The option's name.
 * @param string $message What is wrong, for the admin.
 * @return string The value saved before.
 */
function volunteer_widget_refuse( $option, $message ) {
	$known = wp_list_pluck( get_settings_errors( $option ), 'code' );
	if ( ! in_array( $option . '_invalid', $known, true ) ) {
		add_settings_error( $option, $option . '_invalid', $message );
	}
	return (string) get_option( $option, '' );
}

/**
 * The server URL to save: empty, or http(s) with a host.
 *
 * @param mixed $value What was typed.
 * @return string
 */
function volunteer_widget_sanitize_server_url( $value ) {
	if ( '' === trim( (string) $value ) ) {
		return '';
	}
	$url = volunteer_widget_clean_server_url( $value );
	if ( '' === $url ) {
		return volunteer_widget_refuse(
			'volunteer_widget_server_url',
			__( 'The server URL must start with http:// or https:// and name a host, such as https://volunteer.example.org.', 'volunteer-widget' )
		);
	}
	return $url;
}

/**
 * The key to save: empty, or a publishable key (never a secret one).
 *
 * @param mixed $value What was typed.
 * @return string
 */
function volunteer_widget_sanitize_key( $value ) {
	$value = trim( (string) $value );
	if ( '' === $value ) {
		return '';
	}
	if ( 0 === strpos( $value, 'vw_sk_' ) ) {
		return volunteer_widget_refuse(
			'volunteer_widget_key',
			__( 'This is a secret key: it must never appear in a web page. Paste the publishable key (vw_pk_…) instead, and consider rotating the secret key.', 'volunteer-widget' )
		);
	}
	if ( ! volunteer_widget_is_publishable_key( $value ) ) {
		return volunteer_widget_refuse(
			'volunteer_widget_key',
			__( 'A publishable key starts with vw_pk_ followed by letters and digits.', 'volunteer-widget' )
		);
	}
	return $value;
}

/**
 * The section's introduction.
 */
function volunteer_widget_section_intro() {
	echo '<p>' . esc_html__( 'Your organization admin finds both in the widget server\'s admin panel, with the embed snippet. Add this site\'s address to the organization\'s allowed origins there.', 'volunteer-widget' ) . '</p>';
}

/**
 * The server URL field.
 */
function volunteer_widget_server_url_field() {
	printf(
		'<input type="url" class="regular-text code" id="volunteer_widget_server_url" name="volunteer_widget_server_url" value="%s" placeholder="https://volunteer.example.org" />',
		esc_attr( get_option( 'volunteer_widget_server_url', '' ) )
	);
}

/**
 * The publishable key field.
 */
function volunteer_widget_key_field() {
	printf(
		'<input type="text" class="regular-text code" id="volunteer_widget_key" name="volunteer_widget_key" value="%s" placeholder="vw_pk_…" autocomplete="off" spellcheck="false" />',
		esc_attr( get_option( 'volunteer_widget_key', '' ) )
	);
	echo '<p class="description">' . esc_html__( 'The publishable key only reads your open tasks and takes sign-ups from your allowed origins; it is safe in page source.', 'volunteer-widget' ) . '</p>';
}

/**
 * Adds Settings → Volunteer tasks.
 */
function volunteer_widget_add_settings_page() {
	add_options_page(
		__( 'Volunteer tasks', 'volunteer-widget' ),
		__( 'Volunteer tasks', 'volunteer-widget' ),
		'manage_options',
		'volunteer-widget',
		'volunteer_widget_settings_page'
	);
}

/**
 * The settings page.
 */
function volunteer_widget_settings_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		return;
	}
	?>
	<div class="wrap">
		<h1><?php echo esc_html( get_admin_page_title() ); ?></h1>
		<form action="<?php echo esc_url( admin_url( 'options.php' ) ); ?>" method="post">
			<?php
			settings_fields( 'volunteer_widget' );
			do_settings_sections( 'volunteer-widget' );
			submit_button();
			?>
		</form>
		<h2><?php esc_html_e( 'Showing your tasks', 'volunteer-widget' ); ?></h2>
		<p><?php esc_html_e( 'Add the Volunteer tasks block to a page, or this shortcode:', 'volunteer-widget' ); ?></p>
		<p><code>[volunteer_tasks layout="grid" limit="6"]</code></p>
		<p><?php esc_html_e( 'Its options: locale (ar, en, fr), category, skills, limit (1–100), layout (list, grid, compact), theme (light, dark, auto), accent (a colour), signup (modal, inline), heading-level (1–6; by default one below the heading before the tasks).', 'volunteer-widget' ); ?></p>
	</div>
	<?php
}

/**
 * A "Settings" link on the Plugins screen.
 *
 * @param string[] $links The plugin's action links.
 * @return string[]
 */
function volunteer_widget_action_links( $links ) {
	$url = admin_url( 'options-general.php?page=volunteer-widget' );
	array_unshift( $links, '<a href="' . esc_url( $url ) . '">' . esc_html__( 'Settings', 'volunteer-widget' ) . '</a>' );
	return $links;
}
