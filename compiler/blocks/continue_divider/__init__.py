"""The continue divider block: the rest of the lesson shows once the learner presses its button."""
