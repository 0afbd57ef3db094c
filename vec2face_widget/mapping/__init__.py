"""From a user's embeddings to the face model's latent space. Pure numpy/JAX."""
