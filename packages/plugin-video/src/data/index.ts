/**
 * The video data of plugin-video: mmaction2's annotation lists and the datasets' split files, TSN / dense
 * frame sampling, clip transforms, rawframes (JPEG) and ffmpeg video readers, Moving Fashion-MNIST and
 * moving bars, the VideoBatch datasets and their DatasetDefs.
 */
export * from './video-batch';
export * from './annotation-list';
export * from './split-files';
export * from './frame-sampling';
export * from './clip-transforms';
export * from './rawframes';
export * from './rawframes-writer';
export * from './video-decode';
export * from './moving-fmnist';
export * from './moving-bars';
export * from './video-dataset';
export * from './file-datasets';
export * from './datasets';
