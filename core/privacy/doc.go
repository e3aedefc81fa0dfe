// Package privacy trains classic models with differential privacy and
// accounts for the privacy they spend.
//
// # DP-SGD
//
// DPLogisticRegression, DPLinearSVM (hinge loss) and DPLinearRegression
// (squared loss) are linear models trained with differentially private
// stochastic gradient descent (Abadi et al., "Deep Learning with
// Differential Privacy", 2016), as TensorFlow Privacy and Opacus implement
// it. Each of Config.Steps steps:
//
//  1. samples a batch by Poisson sampling: every training example joins
//     independently with probability q = Config.SampleRate, so batch sizes
//     vary around q·n;
//  2. computes each example's gradient (coefficients and intercept) and
//     clips it to L2 norm at most C = Config.ClipNorm (see Clip);
//  3. adds Gaussian noise N(0, σ²C²) to each coordinate of the SUM of the
//     clipped gradients, σ = Config.NoiseMultiplier;
//  4. divides by the expected batch size q·n (not the actual one, which
//     would depend on the data), adds the L2 penalty's gradient, and takes
//     a gradient step.
//
// The classifiers are binary (two labels; one-vs-rest is not provided).
// Standardise the features first so that gradients are of the order of C;
// for regression standardise the target as well.
//
// Poisson sampling is what the accountant assumes. Shuffling the data and
// cutting it into fixed-size batches — what ordinary SGD does — is a
// different mechanism, and the ε reported here would not be a valid
// guarantee for it. This package therefore always samples batches by
// Poisson sampling.
//
// # Randomness
//
// The noise and the batch sampling come from a Source: by default a
// SeededNoise(Config.Seed), so that lessons and tests are reproducible;
// set Config.Noise = CryptoNoise() to train a model you release (anyone who
// knows the seed can remove seeded noise). Even then this is a teaching
// implementation: floating-point Gaussian sampling has known side channels.
//
// # Accounting
//
// The Accountant computes the Rényi differential privacy (RDP) of the
// Poisson-subsampled Gaussian mechanism (Mironov, Talwar and Zhang, 2019)
// at a list of orders (DefaultOrders), exactly for integer orders and by
// a convergent series for fractional ones, composes it over the steps and
// converts it to an (ε, δ) guarantee: EpsilonFromRDP uses the improved
// conversion of Balle et al. (2020), as TensorFlow Privacy does;
// ClassicEpsilonFromRDP the original one of Mironov (2017). It reproduces
// TensorFlow Privacy's published values (for example ε = 0.7242234026 for
// 60 000 examples, batches of 150, σ = 1.3, 15 epochs, δ = 1e-5) to 1e-12.
// NoiseForEpsilon inverts it: the noise multiplier for a privacy budget,
// which Config.TargetEpsilon uses.
//
// The guarantee is for adding or removing one training example, and
// covers every intermediate model, not only the final one.
//
// Tradeoff trains a model over a grid of noise multipliers and tabulates
// ε against test accuracy: the privacy/utility curve.
package privacy
