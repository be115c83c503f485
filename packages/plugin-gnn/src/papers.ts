import type { PaperRef } from '@zoo/core';

export const ZHU_2021: PaperRef = {
  title: 'Interpreting and Unifying Graph Neural Networks with An Optimization Framework',
  year: 2021,
  arxiv: '2101.11859',
  authors: 'Meiqi Zhu, Xiao Wang, Chuan Shi, Houye Ji, Peng Cui',
  venue: 'WWW 2021',
  url: 'https://arxiv.org/abs/2101.11859',
  code: 'https://github.com/zhumeiqiBUPT/GNN-LF-HF',
};

export const KIPF_2017: PaperRef = {
  title: 'Semi-Supervised Classification with Graph Convolutional Networks',
  year: 2017,
  arxiv: '1609.02907',
  authors: 'Thomas N. Kipf, Max Welling',
  venue: 'ICLR 2017',
  url: 'https://arxiv.org/abs/1609.02907',
  code: 'https://github.com/tkipf/gcn',
};

export const WU_2019: PaperRef = {
  title: 'Simplifying Graph Convolutional Networks',
  year: 2019,
  arxiv: '1902.07153',
  authors: 'Felix Wu, Tianyi Zhang, Amauri Holanda de Souza Jr., Christopher Fifty, Tao Yu, Kilian Q. Weinberger',
  venue: 'ICML 2019',
  url: 'https://arxiv.org/abs/1902.07153',
  code: 'https://github.com/Tiiiger/SGC',
};

export const CHIANG_2019: PaperRef = {
  title: 'Cluster-GCN: An Efficient Algorithm for Training Deep and Large Graph Convolutional Networks',
  year: 2019,
  arxiv: '1905.07953',
  authors: 'Wei-Lin Chiang, Xuanqing Liu, Si Si, Yang Li, Samy Bengio, Cho-Jui Hsieh',
  venue: 'KDD 2019',
  url: 'https://arxiv.org/abs/1905.07953',
  code: 'https://github.com/google-research/google-research/tree/master/cluster_gcn',
};

export const YOU_2020: PaperRef = {
  title: 'L²-GCN: Layer-Wise and Learned Efficient Training of Graph Convolutional Networks',
  year: 2020,
  arxiv: '2003.13606',
  authors: 'Yuning You, Tianlong Chen, Zhangyang Wang, Yang Shen',
  venue: 'CVPR 2020',
  url: 'https://arxiv.org/abs/2003.13606',
  code: 'https://github.com/Shen-Lab/L2-GCN',
};
