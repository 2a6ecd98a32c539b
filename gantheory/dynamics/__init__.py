"""Game dynamics of the exact Gaussian games: GDA and Algorithm 1 (proximal training)."""
