"""政务服务“好差评”, 差评整改 and 问题处理: the feedback rules, pure."""
