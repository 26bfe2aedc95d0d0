#!/usr/bin/python3
"""Reference values for torch4j's recurrent and attention layers (RNN, LSTM, GRU, cells, MultiheadAttention,
scaled dot-product attention, Transformer layers), computed by real PyTorch (1.13).

Run:  /usr/bin/python3 tools/gen_refs_nn_rnn.py   (from the repository root)
Writes torch4j/src/test/resources/refs/nn_rnn.json.

Layout
------
{"torch_version": "...", "cases": [ <case> ], "masks": {"<n>": generate_square_subsequent_mask(n)}}

A tensor is {"dtype": "float64", "shape": [..], "data": [flat row-major]} (floats are exact doubles; -inf as "-inf").

A case (torch.manual_seed(crc32(id)) before building the module; every module is float64 and in eval mode, so
dropout is off):
  id          unique name; the Java test builds the matching torch4j module (or functional call) from it
  repr        repr(module) (absent for functional cases)
  state_dict  [[key, shape], ...] in order
  params      {key: tensor}: the module's state_dict, which the Java test loads with loadStateDict
  inputs      {name: tensor}: the forward arguments by name (masks are bool or float tensors)
  outputs     {name: tensor}: the forward results by name (e.g. output, h_n, c_n, attn_output, attn_weights)
  grad_outputs {name: tensor}: the fixed random upstream gradient of each output
  grad_inputs {name: tensor}: d(sum_i sum(outputs[i] * grad_outputs[i])) / d(input) for floating non-mask inputs
  grads       {param key: tensor}: the same derivative for every parameter
"""
import json
import os

import torch
import torch.nn as nn

from refs_common import REFS_DIR, enc, seed_for

OUT = os.path.join(REFS_DIR, "nn_rnn.json")


def U(*shape):
    return torch.rand(shape, dtype=torch.float64) * 2 - 1


CASES = []


def case(cid, make, inputs_fn, call, mask_names=()):
    """make() builds the module; inputs_fn() the named inputs; call(module, **inputs) returns {name: output}."""
    seed_for(cid)
    m = make()
    c = {"id": cid}
    if m is not None:
        m = m.double().eval()
        c["repr"] = repr(m)
        c["state_dict"] = [[k, list(v.shape)] for k, v in m.state_dict().items()]
        c["params"] = {k: enc(v) for k, v in m.state_dict().items()}
    inputs = inputs_fn()
    for k, v in inputs.items():
        if v.dtype.is_floating_point and k not in mask_names:
            v.requires_grad_(True)
    outs = call(m, **inputs)
    outs = {k: v for k, v in outs.items() if v is not None}
    gouts = {k: U(*v.shape) for k, v in outs.items()}
    loss = sum((v * gouts[k]).sum() for k, v in outs.items())
    loss.backward()
    c["inputs"] = {k: enc(v) for k, v in inputs.items()}
    c["outputs"] = {k: enc(v) for k, v in outs.items()}
    c["grad_outputs"] = {k: enc(v) for k, v in gouts.items()}
    c["grad_inputs"] = {k: enc(v.grad) for k, v in inputs.items() if v.requires_grad}
    if m is not None:
        c["grads"] = {k: enc(p.grad) for k, p in m.named_parameters()}
    CASES.append(c)


# ---------------------------------------------------------------- recurrent layers

def rnn_call(m, x, h0=None):
    out, hn = m(x, h0)
    return {"output": out, "h_n": hn}


def lstm_call(m, x, h0=None, c0=None):
    out, (hn, cn) = m(x, None if h0 is None else (h0, c0))
    return {"output": out, "h_n": hn, "c_n": cn}


case("rnn_tanh_2l_bi_bf", lambda: nn.RNN(3, 4, num_layers=2, bidirectional=True, batch_first=True),
     lambda: {"x": U(2, 5, 3), "h0": U(4, 2, 4)}, rnn_call)
case("rnn_relu_nobias", lambda: nn.RNN(3, 4, nonlinearity="relu", bias=False),
     lambda: {"x": U(5, 2, 3)}, rnn_call)
case("lstm_2l_bi_h0", lambda: nn.LSTM(3, 4, num_layers=2, bidirectional=True),
     lambda: {"x": U(5, 2, 3), "h0": U(4, 2, 4), "c0": U(4, 2, 4)}, lstm_call)
case("lstm_proj_bf", lambda: nn.LSTM(3, 5, proj_size=2, batch_first=True, dropout=0.25, num_layers=2),
     lambda: {"x": U(2, 4, 3)}, lstm_call)
case("lstm_unbatched", lambda: nn.LSTM(3, 4),
     lambda: {"x": U(6, 3), "h0": U(1, 4), "c0": U(1, 4)}, lstm_call)
case("gru_1l", lambda: nn.GRU(3, 4),
     lambda: {"x": U(5, 2, 3), "h0": U(1, 2, 4)}, rnn_call)
case("gru_unbatched_2l_bi", lambda: nn.GRU(3, 4, num_layers=2, bidirectional=True),
     lambda: {"x": U(5, 3)}, rnn_call)
case("rnn_unbatched_bf", lambda: nn.RNN(3, 4, batch_first=True),
     lambda: {"x": U(5, 3), "h0": U(1, 4)}, rnn_call)


def cell_call(m, x, h0=None):
    return {"h": m(x, h0)}


def lstm_cell_call(m, x, h0=None, c0=None):
    h, c = m(x, None if h0 is None else (h0, c0))
    return {"h": h, "c": c}


case("rnn_cell", lambda: nn.RNNCell(3, 4), lambda: {"x": U(2, 3), "h0": U(2, 4)}, cell_call)
case("rnn_cell_relu_unbatched", lambda: nn.RNNCell(3, 4, nonlinearity="relu", bias=False),
     lambda: {"x": U(3), "h0": U(4)}, cell_call)
case("lstm_cell", lambda: nn.LSTMCell(3, 4), lambda: {"x": U(2, 3), "h0": U(2, 4), "c0": U(2, 4)}, lstm_cell_call)
case("gru_cell", lambda: nn.GRUCell(3, 4), lambda: {"x": U(2, 3), "h0": U(2, 4)}, cell_call)
case("gru_cell_nostate", lambda: nn.GRUCell(3, 4), lambda: {"x": U(2, 3)}, cell_call)

# ---------------------------------------------------------------- attention

MASKS = ("key_padding_mask", "attn_mask", "src_mask", "src_key_padding_mask", "tgt_mask", "memory_mask",
         "tgt_key_padding_mask", "memory_key_padding_mask")


def mha_call(need_weights=True, average=True, self_attn=False):
    def call(m, query, key=None, value=None, key_padding_mask=None, attn_mask=None):
        if self_attn:
            key = value = query
        o, w = m(query, key, value, key_padding_mask=key_padding_mask, need_weights=need_weights,
                 attn_mask=attn_mask, average_attn_weights=average)
        return {"attn_output": o, "attn_weights": w}
    return call


def kpm(n, s, pad):
    """n rows of length s; row i has its last pad[i] positions masked."""
    m = torch.zeros(n, s, dtype=torch.bool)
    for i, p in enumerate(pad):
        if p:
            m[i, s - p:] = True
    return m


case("mha_kpm_boolmask_avg", lambda: nn.MultiheadAttention(8, 2),
     lambda: {"query": U(4, 2, 8), "key": U(5, 2, 8), "value": U(5, 2, 8), "key_padding_mask": kpm(2, 5, [0, 2]),
              "attn_mask": torch.tensor([[False, True, False, False, True]] * 2 + [[True, False, False, True, False]] * 2)},
     mha_call(), MASKS)
case("mha_kpm_floatmask_heads_bf", lambda: nn.MultiheadAttention(8, 4, batch_first=True),
     lambda: {"query": U(2, 4, 8), "key_padding_mask": kpm(2, 4, [1, 0]), "attn_mask": U(4, 4)},
     mha_call(average=False, self_attn=True), MASKS)
case("mha_noweights_selfattn", lambda: nn.MultiheadAttention(8, 2),
     lambda: {"query": U(3, 2, 8), "attn_mask": U(2 * 2, 3, 3)},
     mha_call(need_weights=False, self_attn=True), MASKS)
case("mha_kdim_vdim_biaskv_zeroattn", lambda: nn.MultiheadAttention(8, 2, kdim=5, vdim=6, add_bias_kv=True,
                                                                     add_zero_attn=True),
     lambda: {"query": U(3, 2, 8), "key": U(4, 2, 5), "value": U(4, 2, 6), "key_padding_mask": kpm(2, 4, [1, 0])},
     mha_call(), MASKS)
case("mha_unbatched_nobias", lambda: nn.MultiheadAttention(6, 3, bias=False),
     lambda: {"query": U(3, 6), "key": U(4, 6), "value": U(4, 6), "key_padding_mask": kpm(1, 4, [1])[0]},
     mha_call(), MASKS)


def sdpa_call(is_causal=False):
    def call(m, q, k, v, attn_mask=None):
        return {"output": torch._C._nn._scaled_dot_product_attention(q, k, v, attn_mask, 0.0, False, is_causal)[0]}
    return call


case("sdpa_boolmask", lambda: None,
     lambda: {"q": U(2, 3, 4), "k": U(2, 5, 4), "v": U(2, 5, 4), "attn_mask": torch.rand(3, 5) > 0.3},
     sdpa_call(), MASKS)
case("sdpa_causal_4d", lambda: None, lambda: {"q": U(2, 2, 4, 3), "k": U(2, 2, 4, 3), "v": U(2, 2, 4, 3)},
     sdpa_call(True), MASKS)

# ---------------------------------------------------------------- transformer


def enc_layer_call(m, src, src_mask=None, src_key_padding_mask=None):
    return {"output": m(src, src_mask=src_mask, src_key_padding_mask=src_key_padding_mask)}


for act in ("relu", "gelu"):
    for nf in (False, True):
        cid = f"tel_{act}_{'pre' if nf else 'post'}"
        bf = act == "relu"
        case(cid, lambda: nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, activation=act, norm_first=nf,
                                                     batch_first=bf),
             lambda: {"src": U(2, 4, 8) if bf else U(4, 2, 8), "src_mask": U(4, 4),
                      "src_key_padding_mask": kpm(2, 4, [0, 1])},
             enc_layer_call, MASKS)

case("tel_unbatched_eps", lambda: nn.TransformerEncoderLayer(4, 2, dim_feedforward=6, layer_norm_eps=1e-3),
     lambda: {"src": U(3, 4)}, enc_layer_call, MASKS)


def encoder_call(m, src, src_key_padding_mask=None):
    return {"output": m(src, src_key_padding_mask=src_key_padding_mask)}


case("te_2layers_kpm", lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16), 2,
                                                     norm=nn.LayerNorm(8)),
     lambda: {"src": U(5, 2, 8), "src_key_padding_mask": kpm(2, 5, [2, 0])}, encoder_call, MASKS)


def dec_layer_call(m, tgt, memory, tgt_mask=None, memory_key_padding_mask=None):
    return {"output": m(tgt, memory, tgt_mask=tgt_mask, memory_key_padding_mask=memory_key_padding_mask)}


case("tdl_causal", lambda: nn.TransformerDecoderLayer(8, 2, dim_feedforward=16),
     lambda: {"tgt": U(4, 2, 8), "memory": U(5, 2, 8), "tgt_mask": nn.Transformer.generate_square_subsequent_mask(4)
              .double(), "memory_key_padding_mask": kpm(2, 5, [0, 1])},
     dec_layer_call, MASKS)
case("tdl_pre_gelu_bf", lambda: nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, norm_first=True,
                                                           activation="gelu", batch_first=True),
     lambda: {"tgt": U(2, 3, 8), "memory": U(2, 5, 8),
              "tgt_mask": nn.Transformer.generate_square_subsequent_mask(3).double()},
     dec_layer_call, MASKS)


def transformer_call(m, src, tgt, tgt_mask=None):
    return {"output": m(src, tgt, tgt_mask=tgt_mask)}


case("transformer_small", lambda: nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=1,
                                                 dim_feedforward=16),
     lambda: {"src": U(5, 2, 8), "tgt": U(3, 2, 8),
              "tgt_mask": nn.Transformer.generate_square_subsequent_mask(3).double()},
     transformer_call, MASKS)

root = {"torch_version": torch.__version__, "cases": CASES,
        "masks": {str(n): enc(nn.Transformer.generate_square_subsequent_mask(n)) for n in (1, 4)}}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(root, f, separators=(",", ":"))
print(f"wrote {len(CASES)} cases to {OUT}")
