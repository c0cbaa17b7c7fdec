"""The one error the scan pipeline raises: a stable code for programs and a Chinese message for people."""

from __future__ import annotations

# code -> message template; {name} is the uploaded file's name.
MESSAGES: dict[str, str] = {
    "empty": "文件“{name}”是空文件（0 字节），请重新上传",
    "too_large": "文件“{name}”超过 {limit} MB 的大小上限，请压缩或分开上传",
    "bad_name": "文件名“{name}”不合法：不能包含路径、控制字符或以点开头，请改名后重新上传",
    "unsupported_type": "文件“{name}”不是支持的格式（支持 JPEG、PNG、TIFF、PDF{heic}）",
    "type_mismatch": "文件“{name}”的扩展名或声明类型为 {declared}，但内容实际是 {actual}，请核对后重新上传",
    "truncated": "图片“{name}”不完整（文件被截断），请重新拍摄或上传",
    "corrupt": "文件“{name}”已损坏，无法读取",
    "too_many_pixels": "图片“{name}”像素过多（{pixels} 万像素，上限 {limit} 万），请缩小后重新上传",
    "pdf_encrypted": "PDF“{name}”已加密或设有打开密码，请去除密码后重新上传",
    "pdf_malformed": "PDF“{name}”结构损坏，无法读取",
    "pdf_active_content": "PDF“{name}”含有脚本或自动执行动作（{what}），出于安全原因不予接收",
    "pdf_embedded_files": "PDF“{name}”内嵌了附件文件，出于安全原因不予接收，请将附件单独上传",
    "too_many_pages": "PDF“{name}”页数过多（{pages} 页，上限 {limit} 页），请分开上传",
    # The department's own signed result (documents.result_pdf).
    "not_pdf": "文件“{name}”不是 PDF 文件，请上传签章后的 PDF 结果文书",
    "pdf_signature_broken": "PDF“{name}”的电子签章已损坏或签章后内容被改动（{what}），请重新导出签章文件",
}


class ScanRejectedError(ValueError):
    """An upload was refused; `code` is stable (see MESSAGES), `message` is shown to the user."""

    def __init__(self, code: str, name: str, **details: object) -> None:
        self.code = code
        self.filename = name
        self.message = MESSAGES[code].format(name=name, heic=details.pop("heic", ""), **details)
        super().__init__(self.message)
