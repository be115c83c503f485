import type { PaperRef } from '@zoo/core';

export const ZHU_2021: PaperRef = {
  title: 'Interpreting and Unifying Graph Neural Networks with An Optimization Framework',
  authors: 'Meiqi Zhu, Xiao Wang, Chuan Shi, Houye Ji, Peng Cui',
  venue: 'WWW 2021',
  url: 'https://arxiv.org/abs/2101.11859',
  code: 'https://github.com/zhumeiqiBUPT/GNN-LF-HF',
};

export const KIPF_2017: PaperRef = {
  title: 'Semi-Supervised Classification with Graph Convolutional Networks',
  authors: 'Thomas N. Kipf, Max Welling',
  venue: 'ICLR 2017',
  url: 'https://arxiv.org/abs/1609.02907',
  code: 'https://github.com/tkipf/gcn',
};

export const WU_2019: PaperRef = {
  title: 'Simplifying Graph Convolutional Networks',
  authors: 'Felix Wu, Tianyi Zhang, Amauri Holanda de Souza Jr., Christopher Fifty, Tao Yu, Kilian Q. Weinberger',
  venue: 'ICML 2019',
  url: 'https://arxiv.org/abs/1902.07153',
  code: 'https://github.com/Tiiiger/SGC',
};
