"""factory_boy factories. ID numbers are generated valid (GB 11643 check digit) and unique."""

import datetime as dt

import factory

from edubureau.accounts.models import User
from edubureau.core.crypto import id_check_digit
from edubureau.registry import choices as c
from edubureau.registry.models import (
    Area,
    Department,
    Enrollment,
    FinanceRecord,
    Population,
    School,
    SchoolClass,
    Student,
    Teacher,
)


def make_id_number(n: int, birth: dt.date = dt.date(2012, 9, 1), region: str = "350505") -> str:
    first17 = f"{region}{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + id_check_digit(first17)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"测试镇{n}")
    code = factory.Sequence(lambda n: f"350505{100 + n % 900:03d}")  # 9 characters, as a town code has
    kind = c.AreaKind.TOWN
    parent = factory.LazyFunction(
        lambda: Area.objects.get_or_create(
            code="350505", defaults={"name": "泉港区", "kind": c.AreaKind.COUNTY}
        )[0]
    )


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"测试股{n}")
    county = factory.LazyFunction(
        lambda: Area.objects.get_or_create(
            code="350505", defaults={"name": "泉港区", "kind": c.AreaKind.COUNTY}
        )[0]
    )


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    code = factory.Sequence(lambda n: f"{3135000000 + n}")
    name = factory.Sequence(lambda n: f"测试小学{n}")
    kind = c.SchoolKind.PRIMARY
    area = factory.SubFactory(AreaFactory)
    county = factory.LazyAttribute(lambda o: o.area.parent)
    capacity = 1000
    teaching_floor_area = 5000
    sports_area = 8000
    equipment_value = 2_000_000
    multimedia_rooms = 20
    books = 30000
    computers = 100


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    name = factory.Sequence(lambda n: f"教师{n}")
    gender = c.Gender.FEMALE
    birth_date = dt.date(1985, 5, 1)
    school = factory.SubFactory(SchoolFactory)
    county = factory.LazyAttribute(lambda o: o.school.county)
    education = c.Education.BACHELOR
    main_subject = "语文"
    id_number = factory.Sequence(lambda n: make_id_number(n, dt.date(1985, 5, 1)))

    @classmethod
    def _create(cls, model_class, *args, id_number, **kwargs):
        obj = model_class(*args, **kwargs)
        obj.set_id_number(id_number)
        obj.save()
        return obj


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    county = factory.LazyAttribute(lambda o: o.school.county)
    school_year = "2019-2020"
    level = c.Level.PRIMARY
    grade = 1
    name = factory.Sequence(lambda n: f"一年级({n})班")


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    name = factory.Sequence(lambda n: f"学生{n}")
    gender = c.Gender.MALE
    birth_date = dt.date(2012, 9, 1)
    school = factory.SubFactory(SchoolFactory)
    county = factory.LazyAttribute(lambda o: o.school.county)
    id_number = factory.Sequence(lambda n: make_id_number(n))

    @classmethod
    def _create(cls, model_class, *args, id_number, **kwargs):
        obj = model_class(*args, **kwargs)
        obj.set_id_number(id_number)
        obj.save()
        return obj


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    student = factory.SubFactory(StudentFactory)
    school = factory.LazyAttribute(lambda o: o.student.school)
    county = factory.LazyAttribute(lambda o: o.school.county)
    school_year = "2019-2020"
    level = c.Level.PRIMARY
    grade = 1


class PopulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Population

    area = factory.SubFactory(AreaFactory)
    year = 2019
    age = 6
    count = 100


class FinanceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinanceRecord

    year = 2019
    area = factory.SubFactory(AreaFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda o: o.username)
    password = factory.django.Password("Edu-test-2019!")


_bulk_serial = iter(range(500_000, 10**9))


def pupils_bulk(
    school,
    n: int,
    *,
    level=c.Level.PRIMARY,
    grade=1,
    school_year="2019-2020",
    klass=None,
    status=c.EnrollmentStatus.ENROLLED,
    birth=dt.date(2012, 9, 1),
    **student_fields,
) -> list:
    """``n`` students enrolled at ``school`` in two bulk inserts (a class of 66 in one go, not 132 saves):
    valid, unique ID numbers; ``klass`` and ``status`` on their enrolment of ``school_year``."""
    students = []
    for _ in range(n):
        k = next(_bulk_serial)
        s = Student(name=f"学生{k}", gender=c.Gender.MALE if k % 2 else c.Gender.FEMALE, birth_date=birth,
                    school=school, county_id=school.county_id, **student_fields)  # fmt: skip
        s.set_id_number(make_id_number(k, birth, region=f"35{k // 1000 % 10000:04d}"))
        students.append(s)
    students = Student.objects.bulk_create(students)
    Enrollment.objects.bulk_create(
        Enrollment(
            student=s,
            school=school,
            county_id=school.county_id,
            school_year=school_year,
            level=level,
            grade=grade,
            school_class=klass,
            status=status,
        )  # fmt: skip
        for s in students
    )
    return students
