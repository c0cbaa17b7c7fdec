"""Pure domain core: standard library only."""
