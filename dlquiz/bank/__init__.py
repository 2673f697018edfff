"""Banks: found (library), read (yamlio), validated against the question classes (validate), cached, checked, extended (new)."""
