"""An in-process test LRS that plays the LMS side of a cmi5 launch and checks every statement it receives."""
