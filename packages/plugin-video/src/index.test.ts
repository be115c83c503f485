import { describePluginContract } from '@zoo/core/testing';
import plugin from './index';

// the capped smoke runs of the contract on 20 clips of 8² for 1 epoch (the cpu test backend's conv gradients are slow)
describePluginContract(plugin, { set: ['trainer.maxEpochs=1', 'data.n=20', 'data.size=8'] });
