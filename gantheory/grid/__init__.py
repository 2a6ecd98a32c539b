"""The experiment grid: every run of Table 1 and of the probes as a resumable cell (one ordinary run
directory each), run serially or as fault-tolerant Ray tasks, and the statistics over seeds
(``gantheory.grid.stats``) that the tables, figures and summaries share."""
