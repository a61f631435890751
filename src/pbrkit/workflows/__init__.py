"""Whole runs of a command as library calls: read → compute → render.

Each workflow returns its outputs as named writers so the caller (the CLI, or a
script) decides where they go; :func:`pbrkit.io.output.write_outputs` writes them
atomically.
"""
