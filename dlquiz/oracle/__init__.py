"""The Keras oracle: model text read safely (interpreter, spec, estimate), built by Keras (build, the only TensorFlow importer), truths cached and answered (cache, answers, truths)."""
