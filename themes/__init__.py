"""The theme files shipped with reader (one TOML file per theme; see README "Themes")."""
