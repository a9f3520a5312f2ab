"""Name pools for synthetic people and staff, by broad heritage, so names fit the ethnicity drawn.
Each pool: (male first names, female first names, family names)."""


def _names(text: str) -> list[str]:
    return text.split()


WHITE_BRITISH = (
    _names(
        "Jack Liam Connor Ryan Daniel James Thomas Lewis Jordan Kyle Callum Jamie Nathan Luke Adam Dean "
        "Craig Lee Darren Wayne Gary Paul Mark Stephen David Michael Andrew Christopher Matthew Scott "
        "Shane Kieran Reece Bradley Ashley Jason Carl Stuart Robert Anthony Jake Josh Tyler Harry Aaron "
        "Sam Ben Joe Kevin Neil Ian Richard Simon Peter Brian Keith Shaun Dale Mitchell Ricky"
    ),
    _names(
        "Chloe Jade Amy Laura Emma Sarah Gemma Stacey Kelly Leanne Rebecca Hannah Jessica Lauren Danielle "
        "Charlotte Natalie Kirsty Donna Lisa Michelle Nicola Claire Tracey Joanne Samantha Kayleigh "
        "Shannon Paige Holly Abbie Megan Sophie Katie Zoe Melissa Carly Louise Rachel Julie"
    ),
    _names(
        "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson "
        "Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner "
        "Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott "
        "Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson "
        "Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams "
        "Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell "
        "Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens "
        "Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews "
        "Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson "
        "Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells "
        "Armstrong Francis Rees Hayes Hudson Newton Barber Salt Plant Podmore Bould Heath Bostock Bagnall "
        "Tellwright Shenton Mountford Bloor Cope Wain Meakin Brindley Slack Hambleton Bakewell Cresswell"
    ),
)

WHITE_IRISH = (
    _names("Sean Patrick Ciaran Declan Liam Conor Eoin Niall Michael Brendan"),
    _names("Siobhan Niamh Aoife Ciara Roisin Mary Bridget Orla Sinead Maeve"),
    _names(
        "Murphy O'Brien Kelly Walsh O'Sullivan Byrne Ryan O'Connor Doyle McCarthy Gallagher Doherty "
        "Kennedy Lynch Quinn Brennan Flynn Nolan Dunne Maguire"
    ),
)

TRAVELLER = (
    _names("John Tommy Billy Jimmy Levi Noah Elijah Joe Patrick Martin"),
    _names("Mary Kathleen Bridget Margaret Rose Shannon Tina Nora Ellen Josie"),
    _names(
        "Smith Lee Price Boswell Lovell Doran Ward Connors McDonagh Stokes Joyce Maughan Loveridge Cooper "
        "Buckley"
    ),
)

EASTERN_EUROPEAN = (
    _names(
        "Piotr Tomasz Marek Krzysztof Pawel Lukasz Andrei Ionut Mihai Mindaugas Tomas Darius Jan Michal "
        "Adrian Radu Vasile Gabriel Jakub Rafal"
    ),
    _names(
        "Agnieszka Katarzyna Magdalena Anna Ewelina Ioana Elena Andreea Ruta Monika Joanna Alina Marta "
        "Daiva Ilona"
    ),
    _names(
        "Nowak Kowalski Wisniewski Wojcik Kaminski Lewandowski Zielinski Szymanski Popescu Ionescu Popa "
        "Stan Dumitru Kazlauskas Petrauskas Jankauskas Horvath Novak Dvorak Balogh"
    ),
)

SOUTH_ASIAN_MUSLIM = (
    _names(
        "Mohammed Muhammad Imran Adnan Asif Tariq Zubair Bilal Hamza Usman Amir Kamran Shahid Naveed "
        "Faisal Yasir Aamir Irfan Zeeshan Rizwan Abdul Sajid Wasim Junaid Shabir"
    ),
    _names(
        "Ayesha Fatima Sana Nadia Saima Rubina Shazia Amina Zainab Maryam Sadia Farah Nazia Samina Rukhsana"
    ),
    _names(
        "Khan Hussain Ahmed Ali Mahmood Iqbal Akhtar Rashid Shah Bibi Aslam Butt Malik Riaz Javed Mirza "
        "Sadiq Anwar Rehman Chaudhry Miah Uddin Rahman Islam Hoque"
    ),
)

SOUTH_ASIAN_INDIAN = (
    _names(
        "Gurpreet Harjit Jaswinder Sukhdev Manjit Rajinder Amarjit Jaspal Ravi Sanjay Vijay Anil Rakesh "
        "Deepak Amit Nikhil Arjun Kiran Rohit Sunil"
    ),
    _names(
        "Harpreet Manpreet Sukhwinder Rajwinder Kamaljit Priya Anita Sunita Neha Pooja Kavita Meena Rani "
        "Asha Simran"
    ),
    _names(
        "Singh Kaur Sandhu Gill Bains Johal Dhillon Sidhu Atwal Bassi Patel Sharma Kumar Chauhan Mistry "
        "Parmar Solanki Lal Chahal Virdee"
    ),
)

BLACK_CARIBBEAN = (
    _names(
        "Marcus Jerome Tyrone Leon Dwayne Andre Darnell Curtis Delroy Winston Kemar Jermaine Rohan "
        "Nathaniel Jordan Kyle Tyler Aaron Devon Clinton"
    ),
    _names("Shanice Tanisha Keisha Marcia Sonia Jasmine Simone Chantelle Natasha Monique"),
    _names(
        "Campbell Brown Williams Thompson Morgan Grant Francis Clarke Reid Edwards Gordon Henry Johnson "
        "Richards Stewart Walker Bailey Samuels Wright Lewis"
    ),
)

BLACK_AFRICAN = (
    _names(
        "Chinedu Emeka Kwame Tunde Abdi Mohamed Samuel Daniel Kofi Oluwaseun Ibrahim Yusuf Tendai "
        "Blessing Joseph Isaac Ahmed Musa Victor Emmanuel"
    ),
    _names("Chiamaka Ngozi Amara Fatuma Grace Blessing Precious Adaeze Abena Hodan"),
    _names(
        "Okafor Adeyemi Mensah Osei Mohamud Abdi Nwosu Okoro Adebayo Boateng Asante Mohamed Hassan Ali "
        "Nkomo Moyo Banda Tesfaye Kamara Sesay"
    ),
)

CHINESE = (
    _names("Wei Jun Hao Ming Jian Kevin Jason Tony Chen Lei"),
    _names("Mei Li Xiu Ying Hui Jenny Amy Lin Yan Fang"),
    _names("Wang Li Zhang Chen Liu Yang Huang Zhao Wu Zhou Lam Wong Cheung"),
)

ARAB_OTHER = (
    _names("Omar Yousef Ahmed Karim Hassan Ali Mustafa Rebin Aram Dler Hamid Reza Farhad Samir Tarek"),
    _names("Layla Noor Rania Huda Sara Shirin Leila Dilan Amal Yasmin"),
    _names(
        "Al-Hassan Haddad Mansour Saleh Abdullah Karimi Ahmadi Hosseini Rahimi Mohammadi Aziz Othman "
        "Hamad Qasim Rasul"
    ),
)
