"""The only code that touches the disk or ruamel: layout, YAML, front matter, atomic writes."""
