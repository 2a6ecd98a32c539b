"""Certificates: rigorous lower bounds by interval arithmetic and branch and bound."""
