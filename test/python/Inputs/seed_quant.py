#!/usr/bin/python3
"""The seed's post-training quantization workflow (pytorch-quantization.rst:
torch_quantizer, evaluate through quant_model, export_quant_config, fast
finetune, export the deployable models), written as a vai_q_pytorch user
writes it, for the bundled Fashion-MNIST CNN.

The one line that differs from a vai_q_pytorch script is the import:
    from pytorch_nndct.apis import torch_quantizer
"""
import argparse

import torch
from torch.utils.data import DataLoader, Subset, TensorDataset

import fmnist_model
from nndct import torch_quantizer

parser = argparse.ArgumentParser()
parser.add_argument('--quant_mode', default='calib', choices=['float', 'calib', 'test'])
parser.add_argument('--subset_len', default=None, type=int,
                    help='evaluate (and calibrate) on the first N test images')
parser.add_argument('--batch_size', default=32, type=int)
parser.add_argument('--fast_finetune', action='store_true')
parser.add_argument('--deploy', action='store_true', help='export xmodel and ONNX (test mode)')
parser.add_argument('--config_file', default=None)
parser.add_argument('--target', default='AMD_AIE2_Nx4_Overlay_cfg0')
parser.add_argument('--output_dir', default='quantize_result')
args, _ = parser.parse_known_args()


def load_data(subset_len=None, batch_size=32):
    images, labels = fmnist_model.test_set()
    dataset = TensorDataset(torch.from_numpy(images), torch.from_numpy(labels))
    if subset_len:
        dataset = Subset(dataset, range(subset_len))
    return DataLoader(dataset, batch_size=batch_size, shuffle=False)


def evaluate(model, val_loader, loss_fn):
    model.eval()
    total, correct1, correct5, loss_sum = 0, 0, 0, 0.0
    with torch.no_grad():
        for images, labels in val_loader:
            outputs = model(images)
            loss_sum += loss_fn(outputs, labels).item() * len(labels)
            top5 = outputs.topk(5, 1).indices
            correct1 += (top5[:, 0] == labels).sum().item()
            correct5 += (top5 == labels[:, None]).any(1).sum().item()
            total += len(labels)
    return correct1 / total, correct5 / total, loss_sum / total


def quantization():
    model = fmnist_model.pretrained()
    quant_mode = args.quant_mode
    finetune = args.fast_finetune
    if quant_mode == 'float':
        quant_model = model
    else:
        input = torch.randn([args.batch_size, 1, 28, 28])
        quantizer = torch_quantizer(quant_mode, model, (input), device=torch.device('cpu'),
                                    quant_config_file=args.config_file, target=args.target,
                                    output_dir=args.output_dir)
        quant_model = quantizer.quant_model

    loss_fn = torch.nn.CrossEntropyLoss()
    val_loader = load_data(subset_len=args.subset_len, batch_size=args.batch_size)

    # fast finetune model or load finetuned parameter before test
    if finetune:
        ft_loader = load_data(subset_len=256, batch_size=args.batch_size)
        if quant_mode == 'calib':
            quantizer.fast_finetune(evaluate, (quant_model, ft_loader, loss_fn))
        elif quant_mode == 'test':
            quantizer.load_ft_param()

    acc1, acc5, loss = evaluate(quant_model, val_loader, loss_fn)
    print(f'{quant_mode}: top-1 {acc1:.4f} top-5 {acc5:.4f} loss {loss:.4f}')

    if quant_mode == 'calib':
        quantizer.export_quant_config()
    if args.deploy and quant_mode == 'test':
        quantizer.export_xmodel(output_dir=args.output_dir, deploy_check=False)
        quantizer.export_onnx_model()


if __name__ == '__main__':
    quantization()
