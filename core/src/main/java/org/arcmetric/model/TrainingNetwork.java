package org.arcmetric.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.arcmetric.loss.LinearSoftmaxHead;
import org.arcmetric.loss.MarginHead;

/**
 * The block that is trained: the embedding network followed by a head (a {@link MarginHead} or
 * {@link LinearSoftmaxHead}). With labels ({@code Trainer.forward(data, labels)}, as the training
 * loop calls it) the head applies its margin; without labels it returns plain scaled cosines. After
 * training only the child {@code embedding} is saved for prediction: the head is dropped.
 */
public final class TrainingNetwork extends AbstractBlock {
  private static final byte VERSION = 1;
  private final Block embedding;
  private final Block head;

  /**
   * @param head a block that maps {@code (N, d)} embeddings to {@code (N, C)} logits, using the
   *     labels in training where it needs them ({@link MarginHead}, {@link LinearSoftmaxHead})
   */
  public TrainingNetwork(Block embedding, Block head) {
    super(VERSION);
    this.embedding = addChildBlock("embedding", embedding);
    this.head = addChildBlock("head", head);
  }

  public Block embedding() {
    return embedding;
  }

  public Block head() {
    return head;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return head.forward(ps, embedding.forward(ps, inputs, training, params), training, params);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList data, NDList labels, PairList<String, Object> params) {
    NDList emb = embedding.forward(ps, data, true, params);
    return head.forward(ps, emb, labels, params);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    embedding.initialize(manager, dataType, inputShapes);
    head.initialize(manager, dataType, embedding.getOutputShapes(inputShapes));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return head.getOutputShapes(embedding.getOutputShapes(inputShapes));
  }
}
