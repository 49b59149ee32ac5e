"""All Rich code: consoles, tables, panels, bars, and the Markdown / HTML / SVG writers."""
