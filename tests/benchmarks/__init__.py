"""``make bench``: synthetic national networks built with and without the plugin."""
