"""好差评, 差评整改 and 问题处理 use cases; each module takes its own small ports dataclass."""
