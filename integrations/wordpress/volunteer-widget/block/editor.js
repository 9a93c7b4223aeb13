/**
 * The Volunteer tasks block in the editor, written against WordPress's globals (no build
 * step). The page shows the real widget; the editor shows a placeholder and the options.
 */
( function ( wp ) {
	var el = wp.element.createElement;
	var __ = wp.i18n.__;
	var InspectorControls = wp.blockEditor.InspectorControls;
	var useBlockProps = wp.blockEditor.useBlockProps;
	var components = wp.components;

	function choices( values, labels ) {
		return [ { value: '', label: __( 'Default', 'volunteer-widget' ) } ].concat(
			values.map( function ( value, i ) {
				return { value: value, label: labels ? labels[ i ] : value };
			} )
		);
	}

	var SELECTS = {
		locale: choices( [ 'ar', 'en', 'fr' ], [ 'العربية', 'English', 'Français' ] ),
		category: choices( window.volunteerWidgetCategories || [] ),
		layout: choices( [ 'list', 'grid', 'compact' ], [
			__( 'List', 'volunteer-widget' ),
			__( 'Grid', 'volunteer-widget' ),
			__( 'Compact', 'volunteer-widget' ),
		] ),
		theme: choices( [ 'light', 'dark', 'auto' ], [
			__( 'Light', 'volunteer-widget' ),
			__( 'Dark', 'volunteer-widget' ),
			__( 'Follow the visitor\'s system', 'volunteer-widget' ),
		] ),
		signup: choices( [ 'modal', 'inline' ], [
			__( 'In a dialog', 'volunteer-widget' ),
			__( 'Inline', 'volunteer-widget' ),
		] ),
	};

	function labelOf( name ) {
		return {
			locale: __( 'Language', 'volunteer-widget' ),
			category: __( 'Category', 'volunteer-widget' ),
			skills: __( 'Skill', 'volunteer-widget' ),
			limit: __( 'Tasks per page (1–100)', 'volunteer-widget' ),
			layout: __( 'Layout', 'volunteer-widget' ),
			theme: __( 'Theme', 'volunteer-widget' ),
			accent: __( 'Accent colour', 'volunteer-widget' ),
			signup: __( 'Sign-up form', 'volunteer-widget' ),
			'heading-level': __( 'Heading level of the tasks (1–6)', 'volunteer-widget' ),
		}[ name ];
	}

	function control( name, props ) {
		var common = {
			key: name,
			label: labelOf( name ),
			value: props.attributes[ name ],
			onChange: function ( value ) {
				var change = {};
				change[ name ] = String( value );
				props.setAttributes( change );
			},
		};
		if ( SELECTS[ name ] ) {
			return el( components.SelectControl, Object.assign( { options: SELECTS[ name ] }, common ) );
		}
		if ( name === 'limit' ) {
			return el( components.TextControl, Object.assign( { type: 'number', min: 1, max: 100 }, common ) );
		}
		return el( components.TextControl, common );
	}

	wp.blocks.registerBlockType( 'volunteer-widget/tasks', {
		edit: function ( props ) {
			var names = [ 'locale', 'category', 'skills', 'limit', 'layout', 'theme', 'accent', 'signup', 'heading-level' ];
			return el(
				'div',
				useBlockProps(),
				el(
					InspectorControls,
					null,
					el(
						components.PanelBody,
						{ title: __( 'Widget options', 'volunteer-widget' ) },
						names.map( function ( name ) {
							return control( name, props );
						} )
					)
				),
				el( components.Placeholder, {
					icon: 'groups',
					label: __( 'Volunteer tasks', 'volunteer-widget' ),
					instructions: __( 'Your open volunteer tasks show here on the published page. Set the options in the block settings.', 'volunteer-widget' ),
				} )
			);
		},
		save: function () {
			return null; // rendered on the server, like the shortcode
		},
	} );
} )( window.wp );
