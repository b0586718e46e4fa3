"""The scenario block: a branching story of nodes, choices that lead on, and endings with feedback."""
