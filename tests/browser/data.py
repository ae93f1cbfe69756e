"""Rows the browser tests add, and how they take them away again."""


def next_ids(*models) -> dict:
    """The first primary key each model will give a new row."""
    return {
        model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        for model in models
    }


def delete_from(first_new: dict) -> None:
    """Delete the rows made since `next_ids` was taken (related rows go with them)."""
    for model, first_id in first_new.items():
        model.objects.filter(pk__gte=first_id).delete()
