"""The theme files shipped with reader (one TOML file per theme; see README "Themes").

This folder stays at the top of the repository but installs as `reader.themes`
(setup.py maps it), so the app finds the files with importlib.resources there.
"""
