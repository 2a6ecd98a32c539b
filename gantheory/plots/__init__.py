"""Figure recipes: each regenerates one of the paper's figures (or a beyond-the-paper one) from the
code, returning the matplotlib figure, the tidy data it plots and a caption record (``gantheory figures``)."""
