"""Pure functions over models: rules, numbers and reports. No disk, no clock, no Rich."""
