import type { PaperRef } from '@zoo/core';

export const STANOJEVIC_2024: PaperRef = {
  title: 'High-performance deep spiking neural networks with 0.3 spikes per neuron',
  year: 2024,
  arxiv: '2306.08744',
  authors: 'Ana Stanojevic, Stanisław Woźniak, Guillaume Bellec, Giovanni Cherubini, Angeliki Pantazi, Wulfram Gerstner',
  venue: 'Nature Communications 2024',
  url: 'https://arxiv.org/abs/2306.08744',
  code: 'https://github.com/IBM/equivalent-training-ReLUnetwork-SNN',
};

export const GUO_2023: PaperRef = {
  title: 'Joint A-SNN: Joint training of artificial and spiking neural networks via self-distillation and weight factorization',
  year: 2023,
  arxiv: '2305.02099',
  authors: 'Yufei Guo, Weihang Peng, Yuanpei Chen, Liwen Zhang, Xiaode Liu, Xuhui Huang, Zhe Ma',
  venue: 'Pattern Recognition 2023',
  url: 'https://arxiv.org/abs/2305.02099',
  code: 'https://github.com/yfguo91/Joint-A-SNN',
};
