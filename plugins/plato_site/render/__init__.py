"""Renderers: turn derived site data into files (HTML pages, iCalendar feeds)."""
