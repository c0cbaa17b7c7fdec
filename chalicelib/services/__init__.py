"""Use cases over typing.Protocol ports."""
