"""The two-player zero-sum game interface of eq. (1): min over G, max over D of V(G, D).

A game supplies the objective V and feasibility tests, nothing else. Best responses come from a
:class:`Responder` built for the game: the closed forms of :mod:`gantheory.exact` or the numerical
searches of :mod:`gantheory.equilibria`. The solution concepts of :mod:`gantheory.equilibria` (Nash
gap, gap at best response, local tests) take a game and a responder, so a user's own game gets them
for free by supplying V and a responder (a game may be its own responder).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BestResponse:
    """A player's best response: the optimal value and optimal strategies attaining it.

    ``strategies`` is empty when the optimum is not attained (e.g. an infinite divergence, or a
    supremum approached only at the boundary of an open domain). When the set of maximisers is
    infinite, ``strategies`` holds representatives and ``complete`` is False; the responder's docstring
    says why the representatives suffice for the quantity they are used in.
    """

    value: float
    strategies: Sequence[Any]
    complete: bool = True

    @property
    def attained(self) -> bool:
        return len(self.strategies) > 0


class ZeroSumGame(ABC):
    """min_G max_D V(G, D) (eq. (1)); the generator minimises, the discriminator maximises."""

    name: str = "game"

    @abstractmethod
    def value(self, G: Any, D: Any) -> float:
        """V(G, D); ``math.inf`` / ``-math.inf`` where the objective is infinite."""

    def check_generator(self, G: Any) -> None:  # noqa: B027 - optional hook, feasible by default
        """Raise ValueError when G is not a feasible generator."""

    def check_discriminator(self, D: Any) -> None:  # noqa: B027 - optional hook, feasible by default
        """Raise ValueError when D is not a feasible discriminator."""


class Responder(ABC):
    """Best responses of the two players of a :class:`ZeroSumGame` (eq. (2))."""

    @abstractmethod
    def discriminator_best_response(self, G: Any) -> BestResponse:
        """sup over feasible D of V(G, D) and the maximisers."""

    @abstractmethod
    def generator_best_response(self, D: Any) -> BestResponse:
        """inf over feasible G of V(G, D) and the minimisers."""
