"""Nærvær: prevent sickness absence, act early, keep people at work."""
