"""The xAPI (TinCan) target: tincan.xml, the TinCan launch, statements and State API to the LMS's LRS."""

from compiler.targets.tincan.target import TARGET

__all__ = ["TARGET"]
