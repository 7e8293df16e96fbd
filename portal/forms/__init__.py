"""Forms more than one audience uses (the victim pages and the console)."""
