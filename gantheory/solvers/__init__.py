"""Numerical building blocks: the trust-region subproblem, convex programs, optimal transport."""
