"""Dev-only tools: the local runner and its helpers; never packaged."""
