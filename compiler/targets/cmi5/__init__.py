"""The cmi5 target: course structure (cmi5.xml) and its checks."""
