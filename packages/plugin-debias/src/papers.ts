import type { PaperRef } from '@zoo/core';

export const PARK_2023: PaperRef = {
  title: 'Training Debiased Subnetworks with Contrastive Weight Pruning',
  year: 2023,
  arxiv: '2210.05247',
  authors: 'Geon Yeong Park, Sangmin Lee, Sang Wan Lee, Jong Chul Ye',
  venue: 'CVPR 2023',
  url: 'https://arxiv.org/abs/2210.05247',
  code: 'https://github.com/geonyeong-park/DCWP',
};

export const NAM_2020: PaperRef = {
  title: 'Learning from Failure: Training Debiased Classifier from Biased Classifier',
  year: 2020,
  arxiv: '2007.02561',
  authors: 'Junhyun Nam, Hyuntak Cha, Sungsoo Ahn, Jaeho Lee, Jinwoo Shin',
  venue: 'NeurIPS 2020',
  url: 'https://arxiv.org/abs/2007.02561',
  code: 'https://github.com/alinlab/LfF',
};

export const LIU_2021: PaperRef = {
  title: 'Just Train Twice: Improving Group Robustness without Training Group Information',
  year: 2021,
  arxiv: '2107.09044',
  authors: 'Evan Z. Liu, Behzad Haghgoo, Annie S. Chen, Aditi Raghunathan, Shiori Sagawa, Percy Liang, Chelsea Finn',
  venue: 'ICML 2021',
  url: 'https://arxiv.org/abs/2107.09044',
  code: 'https://github.com/anniesch/jtt',
};
