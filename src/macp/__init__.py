"""macp: a shared workspace for multi-agency child protection."""
