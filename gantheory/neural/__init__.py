"""The neural half (torch only): DC-GAN models of the paper's experiments. Importing ``gantheory`` does not
import torch; only ``gantheory.neural`` modules do."""
