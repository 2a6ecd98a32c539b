"""Memory estimates of neural requests, made before anything is allocated (a request that cannot fit is
refused up front with the estimate, see :func:`gantheory.files.require_memory`).

The models are built on torch's ``meta`` device (shapes only, no storage): the parameter counts are exact
and the activation count is the sum of every module's output size for one sample, measured by forward
hooks on a meta batch.
"""

from __future__ import annotations

from gantheory.files import require_memory

FLOAT32 = 4
FLOAT64 = 8
# backward keeps the forward activations and builds as many gradients; the proximal step and the gradient
# penalty differentiate through input gradients (double backprop), about three times that
ACTIVATION_FACTOR = 6


def footprint(recipe) -> dict:
    """Parameter counts of G and D and activation elements per sample of a recipe's models.

    Parameters
    ----------
    recipe : :class:`gantheory.neural.recipes.Recipe`.

    Returns
    -------
    dict : ``n_theta``, ``n_w`` (parameter counts) and ``activations_per_sample`` (G forward + D forward).
    """
    import torch

    from gantheory.neural.models import ModelSpec, build

    spec = ModelSpec(recipe.variant, dim=recipe.dim, z_dim=recipe.z_dim, batchnorm_d=recipe.batchnorm_d,
                     batchnorm_g=not (recipe.variant == "mnist" and not recipe.batchnorm_d),
                     spectral_norm=recipe.spectral_norm)
    with torch.device("meta"):
        G, D = build(spec)
    count = [0]

    def hook(module, inputs, output):
        if isinstance(output, torch.Tensor) and not list(module.children()):
            count[0] += output[0].numel()

    handles = [m.register_forward_hook(hook) for m in (*G.modules(), *D.modules())]
    try:
        with torch.no_grad():
            x = G(torch.zeros(2, recipe.z_dim, device="meta"))
            D(x)
    finally:
        for h in handles:
            h.remove()
    return {"n_theta": sum(p.numel() for p in G.parameters()), "n_w": sum(p.numel() for p in D.parameters()),
            "activations_per_sample": count[0]}


def training_bytes(recipe, data_bytes: int = 0) -> int:
    """Estimated peak bytes of training ``recipe``: parameters, gradients and two Adam moments of both
    networks (plus the inner optimiser of Algorithm 1), the activations of a batch of real and fake images,
    and the data set itself."""
    f = footprint(recipe)
    params = (f["n_theta"] + f["n_w"]) * 4 + f["n_w"] * 2
    acts = 2 * recipe.batch_size * f["activations_per_sample"] * ACTIVATION_FACTOR
    return int((params + acts) * FLOAT32 + data_bytes)


def check_training(recipe, device: str, data_bytes: int = 0) -> None:
    """Refuse a recipe (``dim``, ``batch_size``) whose training cannot fit in the memory of ``device``."""
    require_memory(training_bytes(recipe, data_bytes),
                   f"training with dim={recipe.dim}, batch_size={recipe.batch_size}", device)


def diagnose_bytes(n_theta: int, n_w: int, steps: int, eval_size: int, activations_per_sample: int,
                   dense_max: int = 3000) -> int:
    """Estimated peak bytes of ``gantheory diagnose``: the Arnoldi basis of the game Jacobian
    ((steps + 1) float64 vectors of n_theta + n_w; the Lanczos bases are smaller), dense matrices up to
    ``dense_max``, and the evaluation batch's activations with double backprop."""
    n = n_theta + n_w
    m = min(steps, n)
    basis = (m + 1) * n * FLOAT64 + (m + 1) * m * FLOAT64
    dense = (n * n * FLOAT64 * 3) if n <= dense_max else 0
    acts = 2 * eval_size * activations_per_sample * ACTIVATION_FACTOR * FLOAT32
    return int(basis + dense + acts + 4 * n * FLOAT32)
