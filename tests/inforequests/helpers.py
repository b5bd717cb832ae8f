import datetime

from gongkai.inforequests import services
from gongkai.inforequests.choices import Channel

FIELDS = {
    "applicant_type": "person",
    "name": "张三",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13800001234",
    "email": "zhangsan@example.org",
    "address": "扎赉特旗音德尔镇",
    "description": "2025 年本旗工伤保险待遇发放的统计数据",
    "delivery_form": "paper",
    "delivery_method": "post",
}


def received(officer, on: datetime.date, channel=Channel.IN_PERSON, **overrides):
    """GIVEN-helper: an application registered by staff as received on a given day, to the seed's bureau."""
    from gongkai.catalog.services import seed_body

    return services.submit_application(
        {**FIELDS, **overrides}, channel=channel, body=seed_body(), received_on=on, registered_by=officer
    )
