/**
 * @zoo/vision: image data and CNN building blocks shared by the image plugins.
 * readers/  IDX/MNIST, CIFAR binary, sklearn digits (embedded), PNG/JPEG, labelled folders
 * dataset/  one ImageDataset with a typed ImageDatasetMeta, seeded crop/flip augmentation
 * synthetic/ seeded bar images for smoke tiers
 * nn/       init, conv/BN/linear layers on core's VariableStore, ResNet blocks and stage plan, a parameter/MAC counter
 */
export { readIdx, readIdxFile, encodeIdx, IdxError, type IdxArray, type IdxOptions } from './readers/idx';
export { readMnistPair, findDataFile, MNIST_FILES, MNIST_LAYOUT, MNIST_LICENSE } from './readers/mnist';
export { readCifarBinary, readCifarFile, cifarRecordCount, CifarError } from './readers/cifar';
export { readDigitsCsv, locateDigits, EMBEDDED_DATA_DIR, DIGITS_LAYOUT, DIGITS_LICENSE } from './readers/digits';
export { decodeImage, resizeRgb } from './readers/image-file';
export { listLabelledImages, readImages, type LabelledFile } from './readers/labelled-folder';
export { ImageDataset, subset, type ImageBatch, type ImageDatasetOptions } from './dataset/image-dataset';
export { imageShapeOf, requireImageShape, type ImageShape, type ImageSplit, type ImageDatasetMeta, type Normalization, type CropFlipAugmentation } from './dataset/image-meta';
export { cropFlip, cropFlipBatch } from './dataset/augment';
export { barImages, alternatingBars, fiveOffsetBars, type Bar, type BarPlacement, type BarLevels } from './synthetic/bars';
export { fans, kaimingNormal, kaimingUniform, torchDefaultUniform, kaimingNormalInit, kaimingUniformInit, torchDefaultInit, type FanMode, type WeightInit } from './nn/init';
export { Sequential, LayerGroup, chainOutputShape, chainChildren, expectImage, windowOut, type Layer, type Shape, type ChildInput } from './nn/layer';
export { type Module } from './nn/module';
export { Conv2d, type Conv2dSpec } from './nn/conv2d';
export { BatchNorm, addBatchNormVariables, applyBatchNorm } from './nn/batch-norm';
export { Linear } from './nn/linear';
export { Relu, MaxPool, GlobalAvgPool } from './nn/simple-layers';
export { resnetStagePlan, type PlannedBlock } from './nn/stage-plan';
export { ResidualBlock, basicBlock, bottleneckBlock } from './nn/resnet-blocks';
export { ResNet, RESNET_DEPTHS, type ResNetDepth, type ResNetSpec } from './nn/resnet';
export { countModel, type CountRow, type ModelCount } from './nn/count';
