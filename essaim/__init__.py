"""Essaim: load, validate and render a catalogue of pooled resources for associations."""

__version__ = "0.1.0"
