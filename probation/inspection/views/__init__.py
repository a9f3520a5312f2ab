from .pages import case_assess, inspection_detail, inspection_list, inspection_new

__all__ = ["case_assess", "inspection_detail", "inspection_list", "inspection_new"]
